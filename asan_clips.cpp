// ASan/UBSan pass over the real clips the crypto tests cache: map, encrypt, decrypt every sample.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include "streamforge/crypto/sample_decryptor.h"
#include "streamforge/crypto/sample_encryptor.h"
#include "streamforge/mp4/fragment.h"
#include "streamforge/mp4/init_segment.h"
#include "streamforge/mp4/reader.h"
using namespace streamforge; using namespace streamforge::crypto;
Codec codec_of(mp4::FourCC t){ using mp4::FourCC; if(t==FourCC("avc1"))return Codec::kH264; if(t==FourCC("hvc1")||t==FourCC("hev1"))return Codec::kHevc; if(t==FourCC("vp09"))return Codec::kVp9; if(t==FourCC("av01"))return Codec::kAv1; if(t==FourCC("mp4a"))return Codec::kAac; if(t==FourCC("Opus"))return Codec::kOpus; return Codec::kUnknown;}
int main(int argc,char**argv){
  int bad=0;
  for(auto& e: std::filesystem::directory_iterator(argv[1])){
    if(e.path().extension()!=".mp4") continue;
    std::ifstream in(e.path(),std::ios::binary); std::vector<uint8_t> d((std::istreambuf_iterator<char>(in)),{});
    ByteBuffer file{std::move(d)};
    auto init=mp4::read_init_segment(file.view()); if(!init.ok()){printf("init fail\n");return 1;}
    std::vector<std::pair<size_t,size_t>> samples;
    auto scan=mp4::scan_top_level_boxes(file.view());
    for(auto& b: scan->boxes){ if(b.header.type!=mp4::FourCC("moof")) continue; auto f=mp4::read_fragment(file.view().subspan(b.offset),&*init); for(auto&t:f->tracks) for(auto&s:t.samples) samples.push_back({b.offset+s.offset,s.size}); }
    for(Scheme sc: {Scheme::kCenc, Scheme::kCbcs}){
      TrackEncryptionConfig c; c.scheme=sc; c.codec=codec_of(init->tracks[0].codec_type); c.codec_config=SharedBytes::copy_of(init->tracks[0].codec_config);
      c.key[0]=1; c.iv=ByteBuffer(std::vector<uint8_t>(sc==Scheme::kCenc?8:16,7));
      auto enc=SampleEncryptor::create(c).value();
      auto dec=SampleDecryptor::create(sc,c.key,enc->constant_iv(),enc->crypt_byte_block(),enc->skip_byte_block()).value();
      ByteBuffer copy=file;
      for(auto [o,n]: samples){ auto s=copy.mutable_view().subspan(o,n); auto info=enc->encrypt(s); if(!info.ok()){printf("%s: %s\n",e.path().filename().c_str(),info.status().to_string().c_str()); bad++; continue;} if(!dec->decrypt(s,*info).ok()) bad++; }
      if(!(copy==file)) { printf("%s mismatch\n", e.path().filename().c_str()); bad++; }
      printf("%s %s: %zu samples ok\n", e.path().filename().c_str(), std::string(scheme_name(sc)).c_str(), samples.size());
    }
  }
  return bad;
}
